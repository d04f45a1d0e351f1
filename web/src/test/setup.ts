import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy/waitFor: antd validates and renders slowly in a DOM emulation on a shared machine.
configure({ asyncUtilTimeout: 8_000 });

// Testing Library unmounts after each test only when the runner's globals are on; ours are not.
afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
