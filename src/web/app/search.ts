/**
 * The search box: an ARIA combobox whose listbox shows up to ten channels as you type (prefix matches first).
 * Arrow keys move the active option, Enter chooses it (or the first), Escape closes the list or clears the box.
 * Each update records how long it took from the keystroke, for the acceptance test (window.__atlas).
 */
import type { BundleNode } from "./bundleTypes.js";
import { el, formatCount, swatch } from "./dom.js";
import { buildSearchIndex, type SearchIndex, searchChannels } from "./searchIndex.js";

export interface SearchBox {
  setNodes(nodes: readonly BundleNode[], colorOf: (community: number) => string): void;
  /** Milliseconds from the last input event to its suggestions being in the page. */
  lastLatencyMs(): number | null;
  clear(): void;
}

export function attachSearch(input: HTMLInputElement, list: HTMLUListElement, onChoose: (index: number) => void): SearchBox {
  let index: SearchIndex = buildSearchIndex([]);
  let nodes: readonly BundleNode[] = [];
  let colorOf: (community: number) => string = () => "#888";
  let results: number[] = [];
  let active = -1;
  let latency: number | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const setActive = (k: number) => {
    active = k;
    list.querySelectorAll("[role=option]").forEach((option, i) => option.setAttribute("aria-selected", String(i === k)));
    if (k >= 0) {
      input.setAttribute("aria-activedescendant", `search-option-${k}`);
      list.children[k]?.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const choose = (k: number) => {
    const i = results[k];
    if (i === undefined) return;
    input.value = nodes[i][1];
    close();
    onChoose(i);
  };
  const update = () => {
    results = searchChannels(index, input.value);
    const options = results.map((i, k) => {
      const [login, label, community, size] = nodes[i];
      const option = el(
        "li",
        { id: `search-option-${k}`, role: "option", "aria-selected": "false", "data-login": login },
        swatch(colorOf(community)),
        el("span", { class: "option-label" }, label),
        label.toLowerCase() !== login ? el("span", { class: "option-login" }, login) : null,
        el("span", { class: "option-size" }, formatCount(size)),
      );
      // mousedown, not click: choosing must happen before the input's blur closes the list.
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(k);
      });
      return option;
    });
    if (options.length === 0 && input.value.trim() !== "") options.push(el("li", { class: "no-match", role: "presentation" }, "No channel matches"));
    list.replaceChildren(...options);
    const open = options.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    setActive(results.length > 0 ? 0 : -1);
  };

  input.addEventListener("input", (event) => {
    update();
    latency = performance.now() - event.timeStamp;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) update();
      if (results.length === 0) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + results.length) % results.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (results.length > 0) choose(Math.max(active, 0));
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        event.stopPropagation();
        close();
      } else if (input.value !== "") {
        event.preventDefault();
        event.stopPropagation();
        input.value = "";
      }
    }
  });
  input.addEventListener("blur", close);

  return {
    setNodes(next, color) {
      nodes = next;
      colorOf = color;
      index = buildSearchIndex(next);
      input.value = "";
      close();
    },
    lastLatencyMs: () => latency,
    clear() {
      input.value = "";
      close();
    },
  };
}
