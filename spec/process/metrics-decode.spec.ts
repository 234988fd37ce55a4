import { expect } from 'chai';
import { NotFoundError } from '../../src/client/errors.js';
import { MetricsDecodeError } from '../../src/client/metrics-error-classes.js';
import { decodeMetrics } from '../../src/process/metrics/decode-metrics.js';
import type { TaskMetric } from '../../src/proto/answers.js';

const MiB = 1024 * 1024;

/**
 * Recorded: Tasks.Metrics of a running busybox container on this machine (containerd 1.6.20, runc 1.1.5, cgroup
 * v1), made with memory { limit: 64 MiB }, pidsLimit 20, cpus 0.5, its shell having held 4 MiB in a variable.
 */
const RECORDED_V1 = {
  timestamp: { seconds: 1796047938, nanos: 910299790 },
  typeUrl: 'io.containerd.cgroups.v1.Metrics',
  hex: '1204080110141a200a1a08b2f48182011080efb9341880a3c3472208e8f9806dcafa8015120208112288011080a003388e1740811748d51958808003608020800180808020880180e0ffffffffffff7f980180a003c0018e17c8018117d001d519e001808003e80180208a020e0880808020108080141880c09b049202130880e0ffffffffffff7f108080141880c09b049a02120880e0ffffffffffff7f1080e0101880c030a2020a0880e0ffffffffffff7f2a004a00',
};

/** Recorded: what the same daemon sends for a stopped task once its cgroup folders were removed. */
const RECORDED_V1_GONE = '1a040a0012002a00';

// ---- a protobuf writer of our own, independent of protobufjs, for payloads built from field numbers ----
function varint(n: bigint): number[] {
  const out: number[] = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return out;
}
/** A uint64 field (wire type 0); zero is left out, as proto3 encoders do. */
const u64 = (field: number, value: number | bigint): number[] =>
  (BigInt(value) === 0n ? [] : [...varint(BigInt(field << 3)), ...varint(BigInt(value))]);
/** A sub-message field (wire type 2). */
const msg = (field: number, ...body: number[][]): number[] => {
  const bytes = body.flat();
  return [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes];
};

/**
 * Built, not recorded (there is no cgroup v2 host here, and containerd's sources hold no serialized sample):
 * io.containerd.cgroups.v2.Metrics written field by field with the numbers of containerd's cgroups
 * v2/stats/metrics.proto (pids 1, cpu 2, memory 4, io 6, memory_events 8; cpu.stat usage_usec 1, user_usec 2,
 * system_usec 3, nr_periods 4, nr_throttled 5, throttled_usec 6; memory anon 1, file 2, inactive_file 13,
 * usage 32, usage_limit 33, swap_usage 34, swap_limit 35; io entry major 1, minor 2, rbytes 3, wbytes 4,
 * rios 5, wios 6; memory_events oom 4, oom_kill 5). The values are those a 128 MiB container with a CPU quota
 * of one CPU and pids.max 100 could show; "max" is 2^64 - 1 as containerd writes it.
 */
const MAX = 2n ** 64n - 1n;
const BUILT_V2 = Uint8Array.from([
  ...msg(1, u64(1, 7), u64(2, 100)),
  ...msg(2, u64(1, 2_500_000), u64(2, 1_500_000), u64(3, 1_000_000), u64(4, 120), u64(5, 12), u64(6, 340_000)),
  ...msg(4, u64(1, 40 * MiB), u64(2, 20 * MiB), u64(13, 8 * MiB), u64(32, 64 * MiB), u64(33, 128 * MiB), u64(34, 0), u64(35, MAX)),
  ...msg(6, msg(1, u64(1, 8), u64(2, 0), u64(3, 4096), u64(4, 1 * MiB), u64(5, 1), u64(6, 256)), msg(1, u64(1, 253), u64(2, 1), u64(3, 8192), u64(4, 0), u64(5, 2), u64(6, 0))),
  ...msg(8, u64(3, 5), u64(4, 2), u64(5, 1)),
]);

const metric = (typeUrl: string, value: Uint8Array, id = 'web'): TaskMetric => ({
  timestamp: { seconds: 1_700_000_000, nanos: 0 },
  id,
  data: { typeUrl, value },
});

describe('decodeMetrics: a task metric made typed', () => {
  it('decodes the recorded cgroup v1 statistics into the common figures and the full message', () => {
    const m = decodeMetrics({ timestamp: RECORDED_V1.timestamp, id: 'web', data: { typeUrl: RECORDED_V1.typeUrl, value: Buffer.from(RECORDED_V1.hex, 'hex') } });
    expect(m.cgroup).to.equal(1);
    expect(m.sampledAt?.toISOString()).to.equal('2026-11-30T14:12:18.910Z');
    expect(m.memory).to.deep.equal({
      usageBytes: 327680, workingSetBytes: 327680, limitBytes: 64 * MiB, rssBytes: 53248, cacheBytes: 0,
      maxUsageBytes: 8839168, swapBytes: 0, oomKills: 0,
    });
    expect(m.cpu).to.deep.equal({ usageNs: 272661042, userNs: 150000000, systemNs: 110000000, periods: 17, throttledPeriods: 0, throttledNs: 0 });
    expect(m.pids).to.deep.equal({ current: 1, limit: 20 });
    expect(m.blkio).to.deep.equal({ readBytes: 0, writeBytes: 0, devices: [] });
    if (m.cgroup !== 1) throw new Error('v1 expected');
    expect(m.stats.memory?.usage?.limit).to.equal(64 * MiB);
    expect(m.stats.memory?.swap?.limit, 'no swap limit: the kernel\'s 2^63 - 4096').to.be.above(2 ** 62);
    expect(m.stats.cpu?.usage?.perCpu).to.have.length(2);
    expect(m.stats.memoryOomControl).to.deep.equal({ oomKillDisable: 0, underOom: 0, oomKill: 0 });
  });

  it('decodes cgroup v2 statistics built from their field numbers: µs become ns, "max" no limit', () => {
    const m = decodeMetrics(metric('io.containerd.cgroups.v2.Metrics', BUILT_V2));
    expect(m.cgroup).to.equal(2);
    expect(m.memory).to.deep.equal({
      usageBytes: 64 * MiB, workingSetBytes: 56 * MiB, limitBytes: 128 * MiB, rssBytes: 40 * MiB, cacheBytes: 20 * MiB,
      maxUsageBytes: undefined, swapBytes: 0, oomKills: 1,
    });
    expect(m.cpu).to.deep.equal({ usageNs: 2.5e9, userNs: 1.5e9, systemNs: 1e9, periods: 120, throttledPeriods: 12, throttledNs: 3.4e8 });
    expect(m.pids).to.deep.equal({ current: 7, limit: 100 });
    expect(m.blkio).to.deep.equal({
      readBytes: 12288, writeBytes: 1 * MiB,
      devices: [
        { major: 8, minor: 0, readBytes: 4096, writeBytes: 1 * MiB, reads: 1, writes: 256 },
        { major: 253, minor: 1, readBytes: 8192, writeBytes: 0, reads: 2, writes: 0 },
      ],
    });
    if (m.cgroup !== 2) throw new Error('v2 expected');
    expect(m.stats.memoryEvents).to.deep.equal({ low: 0, high: 0, max: 5, oom: 2, oomKill: 1 });
    expect(m.stats.memory?.swapLimit).to.be.above(2 ** 63);
  });

  it('v1 block IO: the Read and Write lines per device, from the bytes and the operations files', () => {
    const line = (field: number, op: string, major: number, minor: number, value: number): number[] =>
      msg(field, [...varint(BigInt((1 << 3) | 2)), ...varint(BigInt(op.length)), ...Buffer.from(op)], u64(3, major), u64(4, minor), u64(5, value));
    const blkio = msg(5,
      line(1, 'Read', 8, 0, 4096), line(1, 'Write', 8, 0, 8192), line(1, 'Total', 8, 0, 12288),
      line(2, 'Read', 8, 0, 1), line(2, 'Write', 8, 0, 2), line(2, 'Total', 8, 0, 3));
    const value = Uint8Array.from([...msg(2, u64(1, 1)), ...msg(4, msg(33, u64(2, MiB))), ...blkio]);
    const m = decodeMetrics(metric('io.containerd.cgroups.v1.Metrics', value));
    expect(m.blkio).to.deep.equal({ readBytes: 4096, writeBytes: 8192, devices: [{ major: 8, minor: 0, readBytes: 4096, writeBytes: 8192, reads: 1, writes: 2 }] });
  });

  it('a type_url with a type.googleapis.com/ prefix is read all the same', () => {
    expect(decodeMetrics(metric('type.googleapis.com/io.containerd.cgroups.v2.Metrics', BUILT_V2)).cgroup).to.equal(2);
  });

  it('statistics of a cgroup that is gone (the recorded empty cpu and blkio) are a NotFoundError', () => {
    const error = catching(() => decodeMetrics(metric('io.containerd.cgroups.v1.Metrics', Buffer.from(RECORDED_V1_GONE, 'hex'))));
    expect(error).to.be.instanceOf(NotFoundError);
    expect(String(error)).to.include('cgroup of task web is gone');
    expect(catching(() => decodeMetrics({ timestamp: null, id: 'web', data: null }))).to.be.instanceOf(NotFoundError);
    expect(catching(() => decodeMetrics(metric('io.containerd.cgroups.v1.Metrics', new Uint8Array())))).to.be.instanceOf(NotFoundError);
  });

  it('an unknown type_url is a MetricsDecodeError naming it', () => {
    const error = catching(() => decodeMetrics(metric('io.containerd.windows.Statistics', Uint8Array.of(8, 1))));
    expect(error).to.be.instanceOf(MetricsDecodeError);
    expect(error).to.include({ typeUrl: 'io.containerd.windows.Statistics', problem: 'unknown-type', containerId: 'web', code: 'ERR_CONTAINERD_METRICS_DECODE' });
    expect(String(error)).to.include('"io.containerd.windows.Statistics"');
  });

  it('bytes that are not their type are a MetricsDecodeError, malformed', () => {
    // field 4 (memory), a sub-message, sent as a varint
    const error = catching(() => decodeMetrics(metric('io.containerd.cgroups.v1.Metrics', Uint8Array.of(0x20, 0x01))));
    expect(error).to.be.instanceOf(MetricsDecodeError);
    expect(error).to.include({ problem: 'malformed' });
  });
});

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
