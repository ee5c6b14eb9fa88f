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

// An API key the user stored for this tab (sessionStorage `chanjiao.apiKey`,
// gone when the tab closes): sent so gov and admin users see the query log and
// organisations their restricted documents. Never put in a URL, where it would
// reach logs and the Referer.
function storedKey() {
  try {
    return window.sessionStorage.getItem('chanjiao.apiKey');
  } catch (err) {
    return null;   // storage disabled (or not a browser): anonymous
  }
}

// Whether requests carry a key (pages skip what only keyed callers may read).
export function hasApiKey() {
  return Boolean(storedKey());
}

function requestHeaders() {
  const headers = { Accept: 'application/json' };
  const key = storedKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

// GET `path` (relative to /api/v1/) → parsed JSON object. Rejects with an
// AbortError when `signal` aborts, otherwise with an ApiError.
export async function apiGet(path, signal) {
  return request(path, { signal, headers: {} });
}

// POST `body` as JSON to `path` → parsed JSON object; errors as apiGet. For
// what does not fit a URL (a pasted CV or job description).
export async function apiPost(path, body, signal) {
  return request(path, {
    method: 'POST',
    signal,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function request(path, init) {
  let response;
  try {
    response = await fetch(API_ROOT + path, { ...init, headers: { ...requestHeaders(), ...init.headers } });
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
