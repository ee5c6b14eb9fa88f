// DOM helpers. Nothing here parses markup: strings become text nodes.

export const $ = (id) => document.getElementById(id);

// Builds an element. `props` sets properties (className, textContent, href…),
// except keys starting with "aria-" / "data-" and "role", which become
// attributes; undefined, null and false are skipped. String children become
// text nodes, never markup.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role') {
      node.setAttribute(key, value === true ? 'true' : String(value));
    } else {
      node[key] = value;
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
}

export function show(node, visible) {
  node.hidden = !visible;
}
