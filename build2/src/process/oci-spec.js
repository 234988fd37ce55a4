/**
 * Builds the OCI runtime spec of a container: safe defaults that runc needs (cwd, /proc in a mount
 * namespace, pid namespace), from plain options, with an escape hatch to edit the result.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { validateAbsolutePath, validateArgs } from '../client/validate.js';
import { resolveUser } from './user.js';
const defaultPath = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Docker's default capability set: enough for ordinary programs, nothing that reaches the host. */
const defaultCapabilities = [
    'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
    'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];
/**
 * The process part of a spec, validated. Used for a container's init process and for execs; `rootfs` is where
 * user and group names are looked up. An exec passes
 * the container's own process as `base`, as `ctr task exec` does: it inherits the environment (the exec's `env`
 * adds to it and overrides by name), user, working directory, capabilities and limits, unless given.
 *
 * @example
 * ```ts
 * processSpec({ args: ['/bin/sh', '-c', 'echo hi'], env: { GREETING: 'hi' } })
 * ```
 */
export function processSpec(options, rootfs, call = 'processSpec', base) {
    const args = validateArgs(options.args, call);
    const cwd = validateAbsolutePath(options.cwd ?? base?.cwd ?? '/', 'cwd', call);
    const env = mergeEnv(base?.env ?? [], toEnv(options.env, call));
    return {
        ...base,
        terminal: options.terminal ?? false,
        user: options.user === undefined && base ? base.user : resolveUser(options.user, rootfs, call),
        args: [...args],
        env: env.some((e) => e.startsWith('PATH=')) ? env : [defaultPath, ...env],
        cwd,
        capabilities: base?.capabilities ?? {
            bounding: defaultCapabilities,
            effective: defaultCapabilities,
            permitted: defaultCapabilities,
            inheritable: [],
            ambient: [],
        },
        rlimits: base?.rlimits ?? [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
        noNewPrivileges: base?.noNewPrivileges ?? true,
    };
}
/** `base` with `extra` added; an entry of `extra` replaces the one of `base` with the same name. */
function mergeEnv(base, extra) {
    const name = (e) => e.slice(0, e.indexOf('='));
    const replaced = new Set(extra.map(name));
    return [...base.filter((e) => !replaced.has(name(e))), ...extra];
}
/**
 * A whole container spec, validated.
 *
 * @example
 * ```ts
 * const spec = containerSpec('web', 'demo', { args: ['/bin/httpd', '-f'], hostname: 'web' });
 * ```
 */
export function containerSpec(id, namespace, options, rootfs) {
    const call = 'newContainer';
    const namespaces = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
    if (!options.hostNetwork)
        namespaces.push({ type: 'network' });
    const spec = {
        ociVersion: '1.0.2-dev',
        process: processSpec(options, rootfs, call),
        root: { path: 'rootfs', readonly: false },
        hostname: options.hostname ?? id,
        mounts: [
            { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
            { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
            { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
            { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
            { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
            { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
            { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
        ],
        linux: {
            namespaces,
            cgroupsPath: `/${namespace}/${id}`,
            resources: { devices: [{ allow: false, access: 'rwm' }] },
            maskedPaths: ['/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
                '/proc/timer_stats', '/proc/sched_debug', '/sys/firmware', '/proc/scsi'],
            readonlyPaths: ['/proc/asound', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
        },
    };
    const edited = options.spec?.(spec) ?? spec;
    // The escape hatch may break what runc needs; check the parts whose absence leaks or fails late.
    validateArgs(edited.process?.args, call);
    validateAbsolutePath(edited.process?.cwd, 'process.cwd', call);
    return edited;
}
function toEnv(env, call) {
    if (env === undefined)
        return [];
    const list = Array.isArray(env)
        ? env
        : Object.entries(env).map(([k, v]) => `${k}=${v}`);
    for (const e of list) {
        if (typeof e !== 'string' || !/^[^=\0]+=[^\0]*$/.test(e)) {
            throw invalidArgument(call, `invalid env entry ${JSON.stringify(e)}: use 'NAME=value'`);
        }
    }
    return [...list];
}
//# sourceMappingURL=oci-spec.js.map