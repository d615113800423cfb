// The face of web: the map's build, its server and API, and the static export.
export { APP_FILES, type BuiltApp, buildWebApp, ensureWebApp, appSourceHash } from "./build.js";
export { type AtlasServer, type ServeOptions, SERVE_DEFAULTS, SECURITY_HEADERS, startAtlasServer, createAtlasHandler } from "./server.js";
export { type ExportSiteOptions, type ExportedSite, exportSite } from "./exportSite.js";
export { RunCatalog, LATEST_ALIAS, isRunId } from "./runCatalog.js";
export { type RunList, type RunListing, DOWNLOAD_FILES, BUNDLE_FILE } from "./app/bundleTypes.js";
export { type Neighbour, buildAdjacency, topNeighbours } from "./app/adjacency.js";
