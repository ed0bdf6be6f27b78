// Compile-time checks of the typed socket (`npm run typecheck`); never imported, never run. Every
// expect-error directive below fails the typecheck if its line compiles: the web app listens only
// to events of the contracts' ServerToClientEvents, with their payload types.
import { listenSocket } from './socket';

export function socketTypeChecks(): void {
  listenSocket({
    // @ts-expect-error an event the server never sends (no catch-all entry)
    'call.exploded': () => undefined,
  });
  listenSocket({
    // @ts-expect-error a handler expecting another payload than the event's
    'call.taken': (payload: { deal: { id: string } }) => void payload,
  });
  listenSocket({
    'call.answered': (payload) => {
      // the payload is typed from the map: a deal or null (null when the receiver may not see it)
      const id: string | undefined = payload.deal?.id;
      void id;
    },
  });
}
