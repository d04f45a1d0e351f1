/**
 * Child process of bench/cadres/review-scoring.bench.ts (`--client process`): runs the phones it is sent
 * over IPC (review-phones.ts) and answers with their results and its own CPU time, so the phones' HTTP
 * client work runs beside the server, not in its event loop. Not run by hand.
 */
import { type PhonesRequest, runPhones } from "./review-phones";

process.on("message", async (message: PhonesRequest | "exit") => {
  if (message === "exit") process.exit(0);
  const cpu = process.cpuUsage();
  const { results, seconds } = await runPhones(message);
  const used = process.cpuUsage(cpu);
  process.send?.({ results, seconds, cpuMs: (used.user + used.system) / 1000 });
});
process.send?.("ready");
