// A real Modelry server for the client's tests, from the server package's own test helper.
// Loaded through a computed specifier so that the client's type-check does not pull in the server's sources
// (they are checked by the server's own tsconfig); the shape used here is declared below.

export interface TestServer {
  /** Root URL, e.g. http://127.0.0.1:43210 */
  readonly url: string;
  readonly adminToken: string;
  close(): Promise<void>;
}

const SERVER_HELPER = new URL('../../../server/test/helpers/server.ts', import.meta.url).href;

export async function startServer(): Promise<TestServer> {
  const helper = (await import(SERVER_HELPER)) as { startServer: () => Promise<TestServer> };
  return helper.startServer();
}
