import { loadConfig } from "./config";
import { CitusClusterError } from "./db/citus";
import { DataFolderLockedError } from "./db/data-folder-lock";
import { startServer } from "./server";

/** Entry point of `npm start`: start the server with the environment's configuration. */
try {
  await startServer(loadConfig());
} catch (error) {
  // Errors the operator acts on (another process holds the folder; a Citus node down or without the
  // extension, named): the message alone, without a stack.
  if (error instanceof DataFolderLockedError || error instanceof CitusClusterError)
    console.error(error.message);
  else console.error(error);
  process.exit(1);
}
