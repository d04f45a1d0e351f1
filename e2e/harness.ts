import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

/** The repository root. */
export const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
/** Where screenshots go (ignored by git). */
export const SCREENSHOTS = path.join(ROOT, "e2e", "screenshots");
/** The demo password the e2e server is started with. */
export const DEMO_PASSWORD = "e2e-demo-password";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** A running tuanwu server on a fresh data folder with the demo seeded. */
export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `node scripts/start.mjs` (what `npm start` runs) on a free port and an empty temporary data
 * folder, and waits until it prints that it is running (the demo is seeded on first start).
 */
export async function startTuanwu(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "tuanwu-e2e-"));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      TUANWU_DATA_DIR: dataDir,
      TUANWU_DEMO_PASSWORD: DEMO_PASSWORD,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches Debian's Chromium (/usr/bin/chromium; never a downloaded browser) headless with the flags
 * a root user on a closed network needs. playwright-core gives every launch a fresh temporary
 * profile (it refuses an explicit --user-data-dir outside launchPersistentContext).
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
}
