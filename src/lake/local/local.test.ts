import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describeLakeStore } from "../lakeStore.contract.js";
import { LocalLakeStore } from "./LocalLakeStore.js";

describeLakeStore("local folder", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "vieweratlas-lake-"));
  const store = new LocalLakeStore(root);
  return {
    store,
    manyKeys: 1200,
    async leaveUnfinishedWrite(key) {
      // What put() leaves when killed between writing its temp file and renaming it.
      const target = store.localPath(key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.tmp-4242-0badf00d`, "half a wri");
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});
