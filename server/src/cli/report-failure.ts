import { isDomainError } from "@tuanwu/domain";
import { CitusClusterError } from "../db/citus";
import { DataFolderLockedError } from "../db/data-folder-lock";

/** Prints an error the user can act on and sets a non-zero exit code. With --json, as JSON on stdout. */
export function reportFailure(error: unknown, json: boolean): void {
  process.exitCode = 1;
  if (isDomainError(error)) {
    if (json)
      console.log(
        JSON.stringify({ error: { code: error.code, message: error.message, field: error.field } }),
      );
    else console.error(`错误 error: ${error.message}`);
    return;
  }
  if (error instanceof DataFolderLockedError) {
    if (json) console.log(JSON.stringify({ error: { code: "data_folder_locked", message: error.message } }));
    else console.error(error.message);
    return;
  }
  if (error instanceof CitusClusterError) {
    if (json) {
      console.log(
        JSON.stringify({ error: { code: "citus_cluster", message: error.message, nodes: error.problems } }),
      );
    } else console.error(error.message);
    return;
  }
  console.error(error);
}
