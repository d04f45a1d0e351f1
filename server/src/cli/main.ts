import { Command } from "commander";
import { runCli } from "./commands";

/** `tuanwu` — the operator's command line (a bin of the server package: `npx tuanwu --help`). */
const program = new Command();
await runCli(program, process.argv);
