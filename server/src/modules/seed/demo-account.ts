/** A demo account as printed after seeding. */
export interface DemoAccount {
  username: string;
  role: string;
  organization: string;
}
