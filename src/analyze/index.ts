// The face of analyze: what other stages (render, web, cli) may use. Each helper adds its own lines.
export type { ChannelInfo, DataQualityReport, PresenceMatrix, OverlapGraph, Partition } from "./types.js";
export { type CsrGraph, csrFromEdges, strengths } from "./graph/CsrGraph.js";
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
export { type LabelOptions, LABEL_DEFAULTS, resolveLabelOptions, labelCommunities, chooseLabel } from "./labels/labelCommunities.js";
export { nmi, unassignedAsSingletons } from "./metrics/nmi.js";
export { csvField, csvLine, parseCsv, type CsvRecord } from "./outputs/csv.js";
export { RUN_FILES, NODES_CSV_HEADER, EDGES_CSV_HEADER, toNodesCsv, toEdgesCsv, toCommunitiesJson, toSummaryJson, toGexf } from "./outputs/runFiles.js";
export { type LatestRun, type RunFiles, runFileBuilders, writeRun, writeRunFiles, readRun, readLatestRunId, listRuns } from "./outputs/runStore.js";
export { type EdgeList, type NodeList, type SkippedRows, readEdgeList, readNodeList, readGexf } from "./import/graphFiles.js";
export { IMPORTED_WEIGHTING, overlapFromImport } from "./import/importedGraph.js";
export { type AnalysisInput, type AnalysisDeps, type AnalysisOutcome, runAnalysis } from "./run.js";
export {
  type AggregateOptions,
  type BotFilter,
  DEFAULTS as AGGREGATE_DEFAULTS,
  resolveAggregateOptions,
  aggregateOptionsFromConfig,
  resolveWindow,
} from "./aggregate/options.js";
export { type AggregateDeps, loadPresence, listedLoginKeys } from "./aggregate/loadPresence.js";
export { type OverlapOptions, type Weighting, DEFAULTS as OVERLAP_DEFAULTS, resolveOverlapOptions, buildOverlapGraph } from "./overlap/buildOverlapGraph.js";
export { disparityBackbone } from "./overlap/disparityBackbone.js";
