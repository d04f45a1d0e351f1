import { useCallback, useState } from "react";

function readFlag(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === "true";
  } catch {
    return false; // storage disabled: not remembered, nothing breaks
  }
}

/**
 * A yes/no choice of the user remembered in this browser (localStorage `key`, "true" / "false"), e.g.
 * whether the organization tree is collapsed. Starts false when nothing is stored.
 */
export function useStoredFlag(key: string): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => readFlag(key));
  const update = useCallback(
    (next: boolean) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, String(next));
      } catch {
        // storage full or disabled: the choice lasts until the page is left
      }
    },
    [key],
  );
  return [value, update];
}
