/**
 * Process IO: FIFOs, readers that never use the threadpool, stdin, stdio modes, `lines()`.
 * @module
 */
export { MkfifoError, createIoDir, createIoDir$, mkfifo, mkfifo$, removePaths$, type IoDir } from './fifo.js';
export { NotAFifoError, openFifoReader, readFifo$, type FifoReader } from './reader.js';
export { closeStdin, closeStdin$, openFifoWriter, stdinObserver } from './stdin.js';
export { stdioSlots, type OutputSlot, type StdinSlot, type StdioSlots } from './stdio-slots.js';
export { lines } from './lines.js';
export { lineChunks, pipeReaderTo$ } from './sink.js';
export {
  attachProcessIO,
  attachProcessIO$,
  openProcessIO,
  openProcessIO$,
  type AttachOptions,
  type ProcessIO,
  type ProcessIOOptions,
  type Stdio,
  type StdioPaths,
} from './stdio.js';
