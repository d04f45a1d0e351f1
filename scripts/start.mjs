#!/usr/bin/env node
// `npm start`: build the web app if it is missing or older than its sources, then start the server
// (API and web on PORT, default 3000) through tsx, in this process so that Ctrl-C closes the
// database cleanly.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const web = path.join(root, "web");
const built = path.join(web, "dist", "index.html");

function newestModification(target) {
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestModification(path.join(target, entry)));
  return newest;
}

const sources = ["src", "index.html", "vite.config.ts", "package.json"].map((name) => path.join(web, name));
const sourceTime = Math.max(...sources.filter((file) => existsSync(file)).map(newestModification));
if (!existsSync(built) || statSync(built).mtimeMs < sourceTime) {
  console.log("tuanwu: 正在构建网页 building the web app…");
  execSync("npm run build -w web", { cwd: root, stdio: "inherit" });
}

const { register } = await import("tsx/esm/api");
register();
await import(path.join(root, "server", "src", "main.ts"));
