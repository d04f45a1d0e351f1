import { loadConfig } from "./config";
import { DataFolderLockedError } from "./db/data-folder-lock";
import { startServer } from "./server";

/** Entry point of `npm start`: start the server with the environment's configuration. */
try {
  await startServer(loadConfig());
} catch (error) {
  if (error instanceof DataFolderLockedError) console.error(error.message);
  else console.error(error);
  process.exit(1);
}
