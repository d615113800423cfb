import { describe, expect, it } from "vitest";
import { CapturedStream } from "../../test/support/cliEffects.js";
import { ManualClock } from "../core/index.js";
import { createProgressDisplay, type FinishedStage, formatElapsed, formatRate } from "./progress.js";

/** What a terminal shows after `output`: understands the two controls the display uses (ESC[nF, ESC[J). */
function screen(output: string): string[] {
  const lines: string[] = [""];
  let row = 0;
  // eslint-disable-next-line no-control-regex -- reading terminal escape codes is the point here
  const pattern = /\x1b\[(\d*)([FJ])|\n|[^\x1b\n]+/g;
  for (const match of output.matchAll(pattern)) {
    if (match[0] === "\n") {
      row++;
      if (lines.length <= row) lines.push("");
    } else if (match[2] === "F") {
      row = Math.max(0, row - Number(match[1] || 1));
    } else if (match[2] === "J") {
      lines.length = row + 1;
      lines[row] = "";
    } else {
      lines[row] += match[0];
    }
  }
  return lines.filter((l, i) => l !== "" || i < row);
}

function terminal() {
  const stream = new CapturedStream({ tty: true, columns: 120 });
  const clock = new ManualClock(0);
  return { stream, clock, display: createProgressDisplay({ stream, clock }) };
}

describe("progress display on a terminal", () => {
  it("draws one updating line with count/total, rate and elapsed, then a finished line", () => {
    const { stream, clock, display } = terminal();
    const stage = display.stage("aggregate", 1000);
    expect(screen(stream.text())).toEqual(["aggregate  0/1,000 0%  0.0/s  0.0s"]);
    clock.advance(1000);
    stage.update(250);
    expect(screen(stream.text())).toEqual(["aggregate  250/1,000 25%  250/s  1.0s"]);
    clock.advance(3000);
    stage.update(1000);
    stage.end("12 communities");
    expect(screen(stream.text())).toEqual(["✓ aggregate  1,000/1,000 100%  250/s  4.0s  12 communities"]);
  });

  it("redraws at most once per interval however often it is updated", () => {
    const { stream, clock, display } = terminal();
    const stage = display.stage("compact", 10_000);
    const writesBefore = stream.text().length;
    for (let i = 1; i <= 500; i++) {
      clock.advance(1); // 500 updates within 500 ms
      stage.update(i);
    }
    const redraws = stream.text().slice(writesBefore).split("\x1b[J").length - 1;
    expect(redraws).toBeLessThanOrEqual(5);
    expect(redraws).toBeGreaterThanOrEqual(4);
    expect(screen(stream.text())[0]).toMatch(/^compact {2}\d+\/10,000 /);
  });

  it("keeps one line per running stage and writes finished ones above", () => {
    const { stream, clock, display } = terminal();
    const download = display.stage("download");
    const replay = display.stage("replay", 40);
    clock.advance(2000);
    download.update(12_345);
    clock.advance(100); // one redraw interval later
    replay.update(10);
    expect(screen(stream.text())).toEqual(["download  12,345  5.9k/s  2.1s", "replay  10/40 25%  4.8/s  2.1s"]);
    download.end();
    expect(screen(stream.text())).toEqual(["✓ download  12,345  5.9k/s  2.1s", "replay  10/40 25%  4.8/s  2.1s"]);
    clock.advance(1900);
    replay.update(40);
    replay.end("40 VODs");
    replay.update(99); // after the end: ignored
    replay.end("again");
    expect(screen(stream.text())).toEqual(["✓ download  12,345  5.9k/s  2.1s", "✓ replay  40/40 100%  10/s  4.0s  40 VODs"]);
  });

  it("clears the running lines on close and cuts lines to the terminal width", () => {
    const stream = new CapturedStream({ tty: true, columns: 20 });
    const display = createProgressDisplay({ stream, clock: new ManualClock(0) });
    display.stage("a-very-long-stage-name-indeed", 5);
    expect(screen(stream.text())[0]).toHaveLength(19);
    display.close();
    expect(screen(stream.text())).toEqual([]);
  });
});

describe("progress display elsewhere", () => {
  it("writes nothing while a stage runs and one line when it ends", () => {
    const stream = new CapturedStream();
    const clock = new ManualClock(0);
    const display = createProgressDisplay({ stream, clock });
    const stage = display.stage("layout", 500);
    clock.advance(90_000);
    stage.update(250);
    expect(stream.text()).toBe("");
    stage.update(500);
    stage.end("4000 px");
    expect(stream.text()).toBe("layout  500/500 100%  5.6/s  1:30  4000 px\n");
  });

  it("hands finished stages to a callback when one is given", () => {
    const stream = new CapturedStream();
    const clock = new ManualClock(0);
    const finished: FinishedStage[] = [];
    const display = createProgressDisplay({ stream, clock, tty: false, onStageEnd: (s) => finished.push(s) });
    const stage = display.stage("detect");
    clock.advance(500);
    stage.update(2000);
    stage.end();
    expect(stream.text()).toBe("");
    expect(finished).toEqual([{ name: "detect", done: 2000, total: undefined, elapsedMs: 500, rate: 4000, result: undefined }]);
  });
});

describe("progress formatting", () => {
  it("formats rates and elapsed times for people", () => {
    expect([formatRate(0), formatRate(9.94), formatRate(250), formatRate(12_345), formatRate(3_400_000)]).toEqual(["0.0/s", "9.9/s", "250/s", "12.3k/s", "3.4M/s"]);
    expect([formatElapsed(4200), formatElapsed(65_000), formatElapsed(3_723_000)]).toEqual(["4.2s", "1:05", "1:02:03"]);
  });
});

describe("progress display with other output", () => {
  it("prints log lines above the running stages instead of over them", () => {
    const { stream, clock, display } = terminal();
    const stage = display.stage("collect");
    display.print("INFO: joined 75 channels\n");
    clock.advance(1000);
    stage.update(10);
    display.print("WARN: channel suspended\n");
    expect(screen(stream.text())).toEqual(["INFO: joined 75 channels", "WARN: channel suspended", "collect  10  10/s  1.0s"]);
  });
});
