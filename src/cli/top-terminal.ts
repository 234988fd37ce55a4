/**
 * The terminal of `rx-containerd top`: the alternate screen (the shell's screen comes back at the end, as with
 * top(1)), frames drawn in place with log-update, keys read raw, and everything restored on quit.
 * @module
 */
import ansiEscapes from 'ansi-escapes';
import { createLogUpdate } from 'log-update';
import { Observable } from 'rxjs';

/** A terminal taken over by the view. */
export interface TopTerminal {
  /** Draws `text` over the previous frame. */
  draw(text: string): void;
  /** The terminal's width in columns. */
  readonly width: number;
  /** The terminal's height in lines. */
  readonly height: number;
  /** Emits when the terminal is resized. */
  readonly resized$: Observable<void>;
  /** Emits once when the user asks to quit: q, Ctrl-C (a key in raw mode), SIGINT, SIGTERM or SIGHUP. */
  readonly quit$: Observable<void>;
  /** Gives the terminal back as it was: cursor shown, raw mode off, the main screen. */
  restore(): void;
}

const QUIT_KEYS = new Set(['q', 'Q', '\x03', '\x04']); // q, Ctrl-C, Ctrl-D

/** Takes over `output` (a TTY) and `input` (raw when it is a TTY too). */
export function openTopTerminal(output: NodeJS.WriteStream = process.stdout, input: NodeJS.ReadStream = process.stdin): TopTerminal {
  output.write(ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorTo(0, 0));
  const log = createLogUpdate(output); // hides the cursor; cli-cursor shows it again even on a crash
  const raw = input.isTTY === true;
  if (raw) input.setRawMode(true);
  input.resume();
  let restored = false;
  return {
    draw: (text) => {
      if (!restored) log(text);
    },
    get width() {
      return output.columns ?? 80;
    },
    get height() {
      return output.rows ?? 24;
    },
    resized$: new Observable<void>((subscriber) => {
      const onResize = (): void => subscriber.next();
      output.on('resize', onResize);
      return () => output.off('resize', onResize);
    }),
    quit$: new Observable<void>((subscriber) => {
      const quit = (): void => subscriber.next();
      const onKey = (chunk: Buffer | string): void => {
        if ([...chunk.toString()].some((c) => QUIT_KEYS.has(c))) quit();
      };
      input.on('data', onKey);
      input.on('end', quit);
      const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
      for (const s of signals) process.on(s, quit);
      return () => {
        input.off('data', onKey);
        input.off('end', quit);
        for (const s of signals) process.off(s, quit);
      };
    }),
    restore: () => {
      if (restored) return;
      restored = true;
      log.done(); // shows the cursor
      if (raw) input.setRawMode(false);
      input.pause();
      output.write(ansiEscapes.exitAlternativeScreen);
    },
  };
}
