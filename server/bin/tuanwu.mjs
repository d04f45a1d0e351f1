#!/usr/bin/env node
// tuanwu CLI: runs the TypeScript sources through tsx (Node 20 cannot run .ts itself).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
