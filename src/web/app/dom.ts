/**
 * Tiny DOM helpers. Text always goes in through textContent and attributes through setAttribute: every string
 * shown here may come from Twitch or an imported file, and none of it may become markup.
 */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  setChildren(node, ...children);
  return node;
}

/** Replaces a node's children, skipping absent ones; strings become text nodes. */
export function setChildren(parent: Element, ...children: Child[]): void {
  const present: Node[] = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    present.push(typeof child === "string" ? document.createTextNode(child) : child);
  }
  parent.replaceChildren(...present);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`web app: #${id} is missing from index.html`);
  return node as T;
}

/** 1234567 -> "1.2M", 12345 -> "12.3k". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  return Math.round(n).toLocaleString("en");
}

export function formatShare(share: number | null): string {
  return share === null ? "–" : `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** A colour swatch (its colour is data from the bundle, set as a style property, never as markup). */
export function swatch(color: string): HTMLSpanElement {
  const span = el("span", { class: "swatch", "aria-hidden": "true" });
  if (/^#[0-9a-fA-F]{3,8}$/.test(color)) span.style.backgroundColor = color;
  return span;
}
