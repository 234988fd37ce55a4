/** Running a created task to its end in a spec: its output and exit code, the task deleted after. */
import { firstValueFrom, toArray } from 'rxjs';
import type { Task } from '../../src/process/task.js';

/** Starts `task` (made with stdout 'pipe'), resolves with its stdout as text and its exit code; deletes the task. */
export async function runToEnd(task: Task): Promise<{ stdout: string; code: number }> {
  const out = firstValueFrom(task.io.stdout$.pipe(toArray()));
  const exit = task.wait();
  await task.start();
  const { code } = await exit;
  await task.delete();
  return { stdout: Buffer.concat(await out).toString('utf8'), code };
}
