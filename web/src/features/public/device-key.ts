const STORAGE_KEY = "tuanwu.deviceKey";

/**
 * The phone's device key (设备标识) for the public pages: a random id kept in localStorage, sent with a
 * sign-up or a survey answer so the server can hold one answer per device (issue 14 part 4). Not a
 * person's identity; a private window or another browser is another device.
 */
export function deviceKey(): string {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && /^[A-Za-z0-9-]{16,64}$/.test(stored)) return stored;
    const created = crypto.randomUUID();
    window.localStorage.setItem(STORAGE_KEY, created);
    return created;
  } catch {
    return crypto.randomUUID();
  }
}
