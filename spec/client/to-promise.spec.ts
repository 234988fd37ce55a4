import { expect } from 'chai';
import { NEVER, Observable, of, throwError, timer, map } from 'rxjs';
import { CanceledError, DeadlineExceededError, InvalidArgumentError, NotFoundError, TimeoutError } from '../../src/client/errors.js';
import { toPromise } from '../../src/client/to-promise.js';

/** An Observable that never emits and counts its subscriptions and unsubscriptions. */
function pending(): { source$: Observable<never>; subscribed: () => number; unsubscribed: () => number } {
  let subscribed = 0;
  let unsubscribed = 0;
  const source$ = new Observable<never>(() => {
    subscribed++;
    return () => void unsubscribed++;
  });
  return { source$, subscribed: () => subscribed, unsubscribed: () => unsubscribed };
}

describe('Promise twins: signal and timeoutMs', () => {
  it('resolves the first value, and passes a failure through as it is', async () => {
    expect(await toPromise(of(1, 2), undefined, 'call')).to.equal(1);
    expect(await toPromise(timer(5).pipe(map(() => 'late')), { timeoutMs: 1_000 }, 'call')).to.equal('late');
    const failure = new NotFoundError({ code: 5, daemonMessage: 'gone', call: 'call' });
    const error = await toPromise(throwError(() => failure), {}, 'call').catch((e: unknown) => e);
    expect(error).to.equal(failure);
  });

  it('an abort unsubscribes the source and rejects with CanceledError whose cause is the reason', async () => {
    const p = pending();
    const controller = new AbortController();
    const result = toPromise(p.source$, { signal: controller.signal }, '/containerd.services.tasks.v1.Tasks/Wait').catch((e: unknown) => e);
    expect(p.subscribed()).to.equal(1);
    const reason = new Error('the user left');
    controller.abort(reason);
    const error = await result;
    expect(error).to.be.instanceOf(CanceledError);
    expect((error as CanceledError).cause).to.equal(reason);
    expect((error as CanceledError).grpcCode).to.equal(1);
    expect((error as CanceledError).call).to.equal('/containerd.services.tasks.v1.Tasks/Wait');
    expect(p.unsubscribed()).to.equal(1);
  });

  it('an already aborted signal rejects at once, without subscribing', async () => {
    const p = pending();
    const error = await toPromise(p.source$, { signal: AbortSignal.abort('no') }, 'call').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CanceledError);
    expect((error as CanceledError).cause).to.equal('no');
    expect(p.subscribed()).to.equal(0);
  });

  it('timeoutMs unsubscribes the source and rejects with TimeoutError, a DeadlineExceededError', async () => {
    const p = pending();
    const started = Date.now();
    const error = await toPromise(p.source$, { timeoutMs: 30 }, 'wait').catch((e: unknown) => e);
    expect(Date.now() - started).to.be.at.least(25);
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.be.instanceOf(DeadlineExceededError);
    expect((error as TimeoutError).timeoutMs).to.equal(30);
    expect((error as TimeoutError).grpcCode).to.equal(4);
    expect((error as TimeoutError).name).to.equal('TimeoutError');
    expect(p.unsubscribed()).to.equal(1);
  });

  it('0 is no time limit; a negative or non-number timeoutMs is an InvalidArgumentError', async () => {
    expect(await toPromise(timer(10).pipe(map(() => 'ok')), { timeoutMs: 0 }, 'call')).to.equal('ok');
    for (const bad of [-1, Number.NaN, Infinity, '5' as unknown as number]) {
      const error = await toPromise(NEVER, { timeoutMs: bad }, 'call').catch((e: unknown) => e);
      expect(error, String(bad)).to.be.instanceOf(InvalidArgumentError);
    }
  });

  it('leaves no listener on the signal once settled', async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => { added++; add(...a); }) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => { removed++; remove(...a); }) as typeof remove;
    await toPromise(of(1), { signal, timeoutMs: 1_000 }, 'call');
    expect([added, removed]).to.deep.equal([1, 1]);
  });
});
