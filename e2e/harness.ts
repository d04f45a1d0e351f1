import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

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

/** Environment variable naming the data folder the e2e global setup seeded (./global-setup.ts). */
export const SEEDED_DATA_VARIABLE = "TUANWU_E2E_SEEDED_DATA_DIR";

/**
 * Starts `node scripts/start.mjs` (what `npm start` runs) on a free port and a temporary data folder
 * of its own, and waits until it prints that it is running. The folder starts as a copy of the one the
 * run's global setup seeded the demo into ({@link seedDemoDataFolder}; seeding takes about a minute,
 * once per file before), so the server finds the demo already there; without that setup (another
 * config) the folder is empty and the server seeds the demo on first start.
 */
export async function startTuanwu(): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tuanwu-e2e-"));
  const seeded = process.env[SEEDED_DATA_VARIABLE];
  try {
    if (seeded) cpSync(seeded, dataDir, { recursive: true });
    const server = await spawnTuanwu(dataDir);
    return {
      url: server.url,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Seeds the demo once for the run (e2e global setup): starts the server on a new temporary data
 * folder, which seeds the demo into the empty database, and stops it again (a clean stop releases the
 * folder's lock). Returns the folder and a way to remove it.
 */
export async function seedDemoDataFolder(): Promise<{ folder: string; remove(): void }> {
  const folder = mkdtempSync(path.join(tmpdir(), "tuanwu-e2e-seeded-"));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  try {
    const server = await spawnTuanwu(folder);
    await server.stop();
  } catch (error) {
    remove();
    throw error;
  }
  return { folder, remove };
}

/** Runs the server on `dataDir` until it prints that it is running; `stop` ends it (SIGTERM). */
async function spawnTuanwu(dataDir: string): Promise<RunningServer> {
  const port = await freePort();
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
    // Seeding the demo takes about a minute; on a loaded machine far longer (TUANWU_E2E_START_SECONDS).
    const seconds = Number(process.env.TUANWU_E2E_START_SECONDS ?? 180);
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`server did not start:\n${output}`));
    }, seconds * 1000);
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
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
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

/** A browser page signed in to a running tuanwu server as one demo user. */
export interface SignedInPage {
  /** The server's base URL, e.g. "http://127.0.0.1:41234". */
  url: string;
  page: Page;
  /** The id of the organization the login landed on (/orgs/{id}). */
  orgId: string;
  /** Closes the browser and stops the server. */
  close(): Promise<void>;
}

/** Logs in as `username` (the demo password) on the server at `url` and waits for /orgs/{id}. */
export async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator("input#username").fill(username);
  await page.locator("input#password").fill(DEMO_PASSWORD);
  await page.locator("button[type=submit]").click();
  await page.waitForURL(/\/orgs\/\d+/);
}

/**
 * Starts a server ({@link startTuanwu}) and Chromium ({@link launchChromium}), opens a 1440×900 zh-CN
 * page and logs in as `username` ({@link logIn}); makes sure the screenshot folder exists. On a failure
 * it stops what it started.
 */
export async function openSignedInPage(username: string): Promise<SignedInPage> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startTuanwu();
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const close = async () => {
    await browser?.close();
    await server.stop();
  };
  try {
    browser = await launchChromium();
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    await logIn(page, server.url, username);
    const orgId = /\/orgs\/(\d+)/.exec(page.url())?.[1] ?? "";
    return { url: server.url, page, orgId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
