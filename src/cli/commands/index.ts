/**
 * Every subcommand is registered here, in one place. A command module exports
 * `register(program, effects)` and adds itself to this list.
 */
import type { Command } from "commander";
import type { CliEffects } from "../context.js";
import { register as registerImportIrcLog } from "./importIrcLog.js";
import { register as registerConfig } from "./config.js";
import { register as registerCompact } from "./compact.js";
import { register as registerImportPresence } from "./importPresence.js";
import { register as registerAnalyze } from "./analyze.js";
import { register as registerDemo } from "./demo.js";
import { register as registerLake } from "./lake.js";
import { register as registerRender } from "./render.js";
import { register as registerCollect } from "./collect.js";
import { register as registerServe } from "./serve.js";
import { register as registerExportSite } from "./exportSite.js";
import { register as registerBuildWeb } from "./buildWeb.js";

type Register = (program: Command, effects: CliEffects) => void;

export const COMMANDS: Register[] = [
  registerImportIrcLog,
  registerConfig,
  registerCompact,
  registerImportPresence,
  registerAnalyze,
  registerDemo,
  registerLake,
  registerRender,
  registerCollect,
  registerServe,
  registerExportSite,
  registerBuildWeb,
];
