import { expect } from 'chai';
import { cpus } from 'node:os';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { containerSpec, type SpecOptions } from '../../src/process/oci-spec.js';
import { linuxResources } from '../../src/process/spec-options/cgroup-resources.js';

const spec = (o: Omit<SpecOptions, 'args'>) => containerSpec('c', 'ns', { args: ['/bin/true'], ...o });
const MiB = 1024 * 1024;
const n = cpus().length;

function refused(o: Omit<SpecOptions, 'args'>, ...words: string[]): void {
  let error: unknown;
  try {
    spec(o);
  } catch (e) {
    error = e;
  }
  expect(error, JSON.stringify(o)).to.be.instanceOf(InvalidArgumentError);
  for (const w of words) expect((error as Error).message).to.include(w);
}

describe('resources options: the spec they make', () => {
  it('memory as bytes is the limit; as parts it sets limit, reservation and swap', () => {
    expect(spec({ memory: 64 * MiB }).linux.resources?.['memory']).to.deep.equal({ limit: 64 * MiB });
    expect(spec({ memory: { limit: 64 * MiB, reservation: 32 * MiB, swap: -1 } }).linux.resources?.['memory'])
      .to.deep.equal({ limit: 64 * MiB, reservation: 32 * MiB, swap: -1 });
  });

  it('cpus is a CFS quota over a 100000 µs period, as docker --cpus', () => {
    expect(linuxResources({ cpus: 0.5, cpuShares: 512, cpusetCpus: '0' }, 'x').cpu).to.deep.equal({ quota: 50_000, period: 100_000, shares: 512, cpus: '0' });
  });

  it('pids, and the default devices rule stays', () => {
    const r = spec({ pidsLimit: 20 }).linux.resources;
    expect(r?.['pids']).to.deep.equal({ limit: 20 });
    expect(r?.['devices']).to.deep.equal([{ allow: false, access: 'rwm' }]);
  });

  it('no rlimits by default (the daemon\'s are inherited, as in Docker); rlimits by name, any case', () => {
    expect(spec({}).process.rlimits).to.equal(undefined);
    expect(spec({ rlimits: { nofile: { soft: 100, hard: 200 }, RLIMIT_NPROC: 50 } }).process.rlimits).to.deep.equal([
      { type: 'RLIMIT_NOFILE', soft: 100, hard: 200 },
      { type: 'RLIMIT_NPROC', soft: 50, hard: 50 },
    ]);
    expect(spec({ ulimits: { Core: 0 } }).process.rlimits).to.deep.include({ type: 'RLIMIT_CORE', soft: 0, hard: 0 });
  });

  it('oomScoreAdj and sysctls go to the spec; the cgroup filesystem is mounted read-only', () => {
    const s = spec({ oomScoreAdj: 500, sysctls: { 'kernel.shmmax': '1000000', 'net.ipv4.ip_forward': '1', 'fs.mqueue.msg_max': '20' } });
    expect(s.process['oomScoreAdj']).to.equal(500);
    expect(s.linux['sysctl']).to.deep.equal({ 'kernel.shmmax': '1000000', 'net.ipv4.ip_forward': '1', 'fs.mqueue.msg_max': '20' });
    expect(s.mounts).to.deep.include({ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev', 'relatime'] });
  });
});

describe('resources options: bad input is an InvalidArgumentError naming the option and the value', () => {
  it('memory below 6 MiB, fractional or negative', () => {
    refused({ memory: 6 * MiB - 1 }, 'memory', String(6 * MiB - 1), '6 MiB');
    refused({ memory: 64 * MiB + 0.5 }, 'memory');
    refused({ memory: -1 }, 'memory', '-1');
    refused({ memory: { reservation: 1 * MiB } }, 'memory.reservation');
    refused({ memory: 'lots' as never }, 'memory');
  });

  it('memory parts that disagree: reservation above limit, swap below limit or without it', () => {
    refused({ memory: { limit: 64 * MiB, reservation: 128 * MiB } }, 'memory.reservation', 'memory.limit');
    refused({ memory: { limit: 64 * MiB, swap: 32 * MiB } }, 'memory.swap', 'below');
    refused({ memory: { swap: 64 * MiB } }, 'memory.swap', 'needs memory.limit');
    refused({ memory: { limit: 64 * MiB, swap: -2 } }, 'memory.swap', '-2');
  });

  it('cpus above the machine\'s count, zero, negative or below 0.01', () => {
    refused({ cpus: n + 1 }, 'cpus', String(n + 1), `${n}`);
    refused({ cpus: 0 }, 'cpus');
    refused({ cpus: -1 }, 'cpus', '-1');
    refused({ cpus: 0.001 }, 'cpus');
    refused({ cpus: Number.NaN }, 'cpus');
  });

  it('cpuShares out of 2..262144 or fractional; pidsLimit zero, below -1 or fractional', () => {
    refused({ cpuShares: 1 }, 'cpuShares', '1');
    refused({ cpuShares: 300_000 }, 'cpuShares');
    refused({ cpuShares: 10.5 }, 'cpuShares');
    refused({ pidsLimit: 0 }, 'pidsLimit', '0');
    refused({ pidsLimit: -5 }, 'pidsLimit', '-5');
    refused({ pidsLimit: 2.5 }, 'pidsLimit');
  });

  it('cpusetCpus malformed, reversed or naming a CPU the machine lacks', () => {
    refused({ cpusetCpus: 'all' }, 'cpusetCpus', '"all"');
    refused({ cpusetCpus: '1-0' }, 'cpusetCpus', 'reversed');
    refused({ cpusetCpus: `0,${n}` }, 'cpusetCpus', `CPU ${n}`);
    refused({ cpusetCpus: '0-' }, 'cpusetCpus');
  });

  it('blkioWeight out of 10..1000', () => {
    refused({ blkioWeight: 5 }, 'blkioWeight', '5');
    refused({ blkioWeight: 1001 }, 'blkioWeight', '1001');
  });

  it('rlimits: unknown name, soft above hard, negative, rlimits and ulimits both', () => {
    refused({ rlimits: { nofiles: 10 } }, 'rlimits', 'unknown rlimit', 'nofiles');
    refused({ ulimits: { bogus: 10 } }, 'ulimits', 'bogus');
    refused({ rlimits: { nofile: { soft: 20, hard: 10 } } }, 'rlimits.nofile', 'soft 20', 'hard 10');
    refused({ rlimits: { nofile: -1 } }, 'rlimits.nofile', '-1');
    refused({ rlimits: { nofile: 10, RLIMIT_NOFILE: 20 } }, 'given twice');
    refused({ rlimits: { nofile: 10 }, ulimits: { nofile: 10 } }, 'rlimits and ulimits');
  });

  it('oomScoreAdj out of -1000..1000 or fractional', () => {
    refused({ oomScoreAdj: 1001 }, 'oomScoreAdj', '1001');
    refused({ oomScoreAdj: -1001 }, 'oomScoreAdj', '-1001');
    refused({ oomScoreAdj: 1.5 }, 'oomScoreAdj');
  });

  it('sysctls outside the container\'s namespaces, net.* on the host network, a non-string value', () => {
    refused({ sysctls: { 'kernel.panic': '1' } }, 'sysctls', 'kernel.panic');
    refused({ sysctls: { 'vm.swappiness': '10' } }, 'sysctls', 'vm.swappiness');
    refused({ sysctls: { 'kernel.hostname': 'x' } }, 'sysctls');
    refused({ hostNetwork: true, sysctls: { 'net.ipv4.ip_forward': '1' } }, 'sysctls', 'net.ipv4.ip_forward', 'network namespace');
    refused({ sysctls: { 'kernel.shmmax': 5 as never } }, 'sysctls', 'kernel.shmmax');
  });
});
