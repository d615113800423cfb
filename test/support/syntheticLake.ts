/**
 * The synthetic generator for tests outside collect (analysis may not import collect; tests may use it to fill a lake).
 */
export { generateSynthetic, type SyntheticPresence, writeSyntheticCurated } from "../../src/collect/index.js";
