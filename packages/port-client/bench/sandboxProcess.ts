/*
 * Runs the sandbox in its own process for the benchmark, as Port is a separate server: in
 * the bench's own process the client and the emulator would share one event loop. Prints
 * `{ url, clientId, clientSecret }` as one JSON line, then serves until stdin closes.
 */
import { startSandbox } from '@portsync/port-sandbox';

startSandbox().then(sandbox => {
  process.stdout.write(
    `${JSON.stringify({
      url: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
    })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    sandbox.close().then(() => process.exit(0));
  });
});
