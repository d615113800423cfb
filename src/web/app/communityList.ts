/**
 * The community list: one row per community with its colour, label and size; the checkbox shows or hides the
 * community on the map, the name highlights it (again: clears) and opens its panel.
 */
import type { BundleCommunity } from "./bundleTypes.js";
import { el, formatCount, swatch } from "./dom.js";

export interface CommunityListActions {
  toggleHighlight(id: number): void;
  setHidden(id: number, hidden: boolean): void;
}

export function renderCommunityList(list: HTMLElement, communities: readonly BundleCommunity[], actions: CommunityListActions): void {
  const rows = [...communities]
    .sort((a, b) => b.size - a.size || a.id - b.id)
    .map((c) => {
      const checkbox = el("input", { type: "checkbox", checked: "", "aria-label": `Show ${c.label}`, "data-community": String(c.id) });
      checkbox.addEventListener("change", () => actions.setHidden(c.id, !checkbox.checked));
      const name = el(
        "button",
        { type: "button", class: "community-name", "data-community": String(c.id), "aria-pressed": "false", title: `${c.size} channels, audience ${c.audience.toLocaleString("en")}` },
        swatch(c.color),
        el("span", { class: "community-label" }, c.label),
        el("span", { class: "community-size" }, formatCount(c.size)),
      );
      name.addEventListener("click", () => actions.toggleHighlight(c.id));
      return el("li", { "data-community": String(c.id) }, checkbox, name);
    });
  list.replaceChildren(...rows);
}

/** Marks the highlighted community's button as pressed (null: none). */
export function markHighlighted(list: HTMLElement, id: number | null): void {
  list.querySelectorAll<HTMLButtonElement>("button.community-name").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.community === String(id))));
}
