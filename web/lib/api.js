// The JSON API client. Every failure becomes an ApiError whose message can be
// shown as is: the server's own `error.message` when it sent one.

const API_ROOT = 'api/v1/';   // relative: the page may be served under a prefix

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;   // HTTP status, 0 when the server was not reached
  }
}

// GET `path` (relative to /api/v1/) → parsed JSON object. Rejects with an
// AbortError when `signal` aborts, otherwise with an ApiError.
export async function apiGet(path, signal) {
  return request(path, { signal, headers: { Accept: 'application/json' } });
}

// POST `body` as JSON to `path` → parsed JSON object; errors as apiGet. For
// what does not fit a URL (a pasted CV or job description).
export async function apiPost(path, body, signal) {
  return request(path, {
    method: 'POST',
    signal,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function request(path, init) {
  let response;
  try {
    response = await fetch(API_ROOT + path, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError('无法连接到搜索服务，请检查网络后重试。', 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    // Not JSON (a proxy's error page, say): the status speaks instead.
  }
  if (!response.ok) {
    const message = body && body.error && typeof body.error.message === 'string' && body.error.message
      ? body.error.message
      : `服务器返回错误（HTTP ${response.status}）`;
    throw new ApiError(message, response.status);
  }
  if (!body || typeof body !== 'object') {
    throw new ApiError('服务器返回了无法识别的数据。', response.status);
  }
  return body;
}
