/**
 * The side panels: a channel (its community, game, language, audience, link to Twitch and its top overlapping
 * channels with shared users and both directed shares) and a community (label, the shares behind the label, top
 * channels). Everything from the bundle is set as text; clickable names are buttons, so Tab and Enter reach them.
 */
import type { Neighbour } from "./adjacency.js";
import type { BundleCommunity, WebBundle } from "./bundleTypes.js";
import { el, formatCount, formatShare, setChildren, swatch } from "./dom.js";

export interface PanelActions {
  selectChannel(index: number): void;
  showCommunity(id: number): void;
  close(): void;
}

/** Twitch logins are 1-25 letters, digits or underscores; anything else (an imported id) gets no link. */
const TWITCH_LOGIN = /^[A-Za-z0-9_]{1,25}$/;

export function renderChannelPanel(
  panel: HTMLElement,
  bundle: WebBundle,
  index: number,
  neighbours: Neighbour[],
  degree: number,
  communityOf: (id: number) => BundleCommunity | undefined,
  actions: PanelActions,
): void {
  const [login, label, communityId, size, , , game, language] = bundle.nodes[index];
  const community = communityOf(communityId);
  const knowsShared = neighbours.some((n) => n.shared !== null);
  const knowsShares = neighbours.some((n) => n.shareOfChannel !== null);

  const rows = neighbours.map((n) =>
    el(
      "tr",
      { "data-login": n.id },
      el("td", {}, channelButton(n.index, n.label, n.id, actions)),
      el("td", { class: "num" }, formatCount(n.shared ?? n.weight)),
      knowsShares ? el("td", { class: "num" }, formatShare(n.shareOfChannel)) : null,
      knowsShares ? el("td", { class: "num" }, formatShare(n.shareOfNeighbour)) : null,
    ),
  );
  const table = el(
    "table",
    { class: "neighbours", id: "neighbour-table" },
    el("caption", {}, `Top ${neighbours.length} overlapping channels of ${degree}`),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, "Channel"),
        el("th", { scope: "col", class: "num", title: knowsShared ? "unique users in both channels" : "the run's edge weight" }, knowsShared ? "Shared users" : "Weight"),
        knowsShares ? el("th", { scope: "col", class: "num", title: `share of ${label}'s audience also in that channel` }, `of ${label}`) : null,
        knowsShares ? el("th", { scope: "col", class: "num", title: `share of that channel's audience also in ${label}` }, "of theirs") : null,
      ),
    ),
    el("tbody", {}, ...rows),
  );

  setChildren(
    panel,
    panelHeader(label, login !== label.toLowerCase() ? login : null, actions),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Community"),
      el(
        "dd",
        {},
        community
          ? button({ class: "link community-link", "data-community": String(community.id) }, () => actions.showCommunity(community.id), swatch(community.color), community.label)
          : "none (unassigned)",
      ),
      el("dt", {}, "Game"),
      el("dd", {}, game ?? "–"),
      el("dt", {}, "Language"),
      el("dd", {}, language ?? "–"),
      el("dt", {}, "Audience"),
      el("dd", { title: size.toLocaleString("en") }, formatCount(size)),
    ),
    TWITCH_LOGIN.test(login) ? el("p", {}, el("a", { href: `https://www.twitch.tv/${encodeURIComponent(login.toLowerCase())}`, target: "_blank", rel: "noopener noreferrer", class: "twitch-link" }, `twitch.tv/${login.toLowerCase()}`)) : null,
    neighbours.length > 0 ? table : el("p", {}, "No overlapping channel in this run."),
  );
  panel.hidden = false;
}

export function renderCommunityPanel(panel: HTMLElement, bundle: WebBundle, community: BundleCommunity, actions: PanelActions, indexOf: Map<string, number>): void {
  const shares = (title: string, list: { name: string; share: number }[]) =>
    list.length === 0
      ? null
      : el("div", {}, el("h3", {}, title), el("ul", { class: "shares" }, ...list.map((s) => el("li", {}, el("span", {}, s.name), el("span", { class: "num" }, formatShare(s.share))))));
  const top = community.topChannels.map((login) => {
    const i = indexOf.get(login);
    return el("li", {}, i === undefined ? login : channelButton(i, bundle.nodes[i][1], login, actions));
  });
  setChildren(
    panel,
    panelHeader(community.label, null, actions, swatch(community.color)),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Channels"),
      el("dd", {}, community.size.toLocaleString("en")),
      el("dt", {}, "Audience"),
      el("dd", { title: community.audience.toLocaleString("en") }, formatCount(community.audience)),
      community.stability !== null ? el("dt", {}, "Stability") : null,
      community.stability !== null ? el("dd", {}, formatShare(community.stability)) : null,
    ),
    shares("Games behind the label", community.topGames),
    shares("Languages", community.topLanguages),
    el("h3", {}, "Top channels"),
    el("ol", { class: "top-channels" }, ...top),
  );
  panel.hidden = false;
}

function panelHeader(title: string, subtitle: string | null, actions: PanelActions, mark?: Node): HTMLElement {
  return el(
    "header",
    { class: "panel-header" },
    el("h2", {}, mark ?? null, el("span", { class: "panel-title" }, title)),
    subtitle ? el("p", { class: "subtitle" }, subtitle) : null,
    button({ class: "close", "aria-label": "Close panel (Escape)" }, () => actions.close(), "×"),
  );
}

function channelButton(index: number, label: string, login: string, actions: PanelActions): HTMLButtonElement {
  return button({ class: "link channel-link", "data-login": login, title: login }, () => actions.selectChannel(index), label);
}

function button(attrs: Record<string, string>, onClick: () => void, ...children: (Node | string)[]): HTMLButtonElement {
  const b = el("button", { type: "button", ...attrs }, ...children);
  b.addEventListener("click", onClick);
  return b;
}
