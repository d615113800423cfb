// The face of analyze: what other stages (render, web, cli) may use. Each helper adds its own lines.
export type { ChannelInfo, DataQualityReport, PresenceMatrix, OverlapGraph, Partition } from "./types.js";
export { type CsrGraph, csrFromEdges, strengths, totalWeight } from "./graph/CsrGraph.js";
export {
  type CommunityAlgorithm,
  type DetectOptions,
  DETECT_DEFAULTS,
  resolveDetectOptions,
  detectCommunities,
  consensus,
  applyMinCommunitySize,
  isEachCommunityConnected,
} from "./communities/detect.js";
export { type LeidenOptions, type LeidenQuality, type LeidenResult, LEIDEN_DEFAULTS, leiden } from "./communities/leiden.js";
export { type LouvainOptions, LOUVAIN_DEFAULTS, louvain } from "./communities/louvain.js";
export { type LabelPropagationOptions, LABEL_PROPAGATION_DEFAULTS, labelPropagation } from "./communities/labelPropagation.js";
export { modularity } from "./communities/modularity.js";
export { renumberBySize, communitySizes } from "./communities/membership.js";
