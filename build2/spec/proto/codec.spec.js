import { describe, it } from 'mocha';
import { expect } from 'chai';
import { codec } from '../../src/proto/codec.js';
import { encodeEvent } from '../../src/proto/any.js';
import { Containers, Events, Namespaces, Tasks, Version } from '../../src/proto/services.js';
/** The top-level (field number, wire type) pairs of a message. */
function tags(bytes) {
    const out = [];
    let i = 0;
    const varint = () => {
        let v = 0;
        for (let shift = 0;; shift += 7) {
            const b = bytes[i++];
            v += (b & 0x7f) * 2 ** shift;
            if (b < 0x80)
                return v;
        }
    };
    while (i < bytes.length) {
        const tag = varint();
        const wt = tag & 7;
        out.push([tag >>> 3, wt]);
        if (wt === 0)
            varint();
        else if (wt === 2) {
            const len = varint();
            i += len;
        }
        else if (wt === 1)
            i += 8;
        else if (wt === 5)
            i += 4;
    }
    return out;
}
/** The payload of the first (length-delimited) field. */
function firstField(bytes) {
    let i = 1;
    let len = 0;
    for (let shift = 0;; shift += 7) {
        const b = bytes[i++];
        len += (b & 0x7f) * 2 ** shift;
        if (b < 0x80)
            break;
    }
    return bytes.subarray(i, i + len);
}
const any = { typeUrl: 't', value: Uint8Array.of(1) };
const ts = { seconds: 1, nanos: 0 };
describe('proto/codec: round trips', () => {
    it('KillRequest fills defaults', () => {
        const c = Tasks.kill.request;
        expect(c.decode(c.encode({ containerId: 'web', signal: 9 }))).to.deep.equal({ containerId: 'web', execId: '', signal: 9, all: false });
    });
    it('CreateTaskRequest with a rootfs mount', () => {
        const c = Tasks.create.request;
        const back = c.decode(c.encode({
            containerId: 'web', rootfs: [{ type: 'bind', source: '/r', options: ['rbind', 'rw'] }], stdout: '/o', stderr: '/e',
        }));
        expect(back.rootfs).to.deep.equal([{ type: 'bind', source: '/r', target: '', options: ['rbind', 'rw'] }]);
        expect(back).to.include({ containerId: 'web', stdin: '', stdout: '/o', stderr: '/e', terminal: false });
        expect(back.options).to.equal(null);
    });
    it('ExecProcessRequest carries its spec', () => {
        const c = Tasks.exec.request;
        const back = c.decode(c.encode({ containerId: 'web', execId: 'e1', spec: { typeUrl: 'x', value: Buffer.from('{}') }, terminal: true }));
        expect(back.spec?.typeUrl).to.equal('x');
        expect(Buffer.from(back.spec.value).toString()).to.equal('{}');
        expect(back.execId).to.equal('e1');
        expect(back.terminal).to.equal(true);
    });
    it('Process status as an enum name, int64 seconds as a number', () => {
        const process = {
            containerId: 'web', id: 'web', pid: 12, status: 'STOPPED', stdin: '', stdout: '/o', stderr: '/e', terminal: false,
            exitStatus: 137, exitedAt: { seconds: -62135596800, nanos: 0 },
        };
        const c = Tasks.list.response;
        expect(c.decode(c.encode({ tasks: [process] }))).to.deep.equal({ tasks: [process] });
        expect(Tasks.get.response.decode(new Uint8Array(0))).to.deep.equal({ process: null });
    });
    it('Container with labels, runtime, spec and extensions', () => {
        const c = Containers.create.request;
        const back = c.decode(c.encode({
            container: { id: 'web', labels: { a: 'b' }, runtime: { name: 'io.containerd.runc.v2' }, spec: any, extensions: { x: any } },
        }));
        expect(back.container).to.deep.include({ id: 'web', labels: { a: 'b' }, image: '', snapshotKey: '', createdAt: null });
        expect(back.container.runtime).to.deep.equal({ name: 'io.containerd.runc.v2', options: null });
        expect(back.container?.extensions?.['x']?.typeUrl).to.equal('t');
    });
    it('Version and namespaces', () => {
        expect(Version.version.response.decode(Version.version.response.encode({ version: '1.6.20', revision: 'r' })))
            .to.deep.equal({ version: '1.6.20', revision: 'r' });
        expect(Version.version.request.encode({}).length).to.equal(0);
        const list = Namespaces.list.response;
        expect(list.decode(list.encode({ namespaces: [{ name: 'demo', labels: { k: 'v' } }] })))
            .to.deep.equal({ namespaces: [{ name: 'demo', labels: { k: 'v' } }] });
    });
});
describe('proto/codec: field numbers on the wire', () => {
    const first = (bytes) => bytes[0];
    it('events', () => {
        // exit_status = 4, varint: tag byte 0x20 (a field left out is not sent)
        expect(first(codec('containerd.events.TaskExit').encode({ exitStatus: 7 }))).to.equal(0x20);
        expect(tags(encodeEvent({ type: 'TaskExit', containerId: 'c', id: 'i', pid: 1, exitStatus: 1, exitedAt: new Date(1000) }).value))
            .to.deep.equal([[1, 2], [2, 2], [3, 0], [4, 0], [5, 2]]);
        expect(tags(encodeEvent({ type: 'TaskDelete', containerId: 'c', pid: 1, exitStatus: 1, exitedAt: new Date(1000), id: 'i' }).value))
            .to.deep.equal([[1, 2], [2, 0], [3, 0], [4, 2], [5, 2]]);
        expect(tags(encodeEvent({ type: 'TaskExecStarted', containerId: 'c', execId: 'e', pid: 1 }).value))
            .to.deep.equal([[1, 2], [2, 2], [3, 0]]);
        expect(tags(encodeEvent({
            type: 'TaskCreate', containerId: 'c', bundle: 'b', rootfs: [{ type: 'bind', source: 's', target: '', options: [] }],
            io: { stdin: '', stdout: 'o', stderr: '', terminal: false }, checkpoint: 'k', pid: 1,
        }).value)).to.deep.equal([[1, 2], [2, 2], [3, 2], [4, 2], [5, 2], [6, 0]]);
        expect(tags(encodeEvent({ type: 'ContainerCreate', id: 'c', image: 'i', runtime: { name: 'r' } }).value))
            .to.deep.equal([[1, 2], [2, 2], [3, 2]]);
        expect(tags(encodeEvent({ type: 'ContainerUpdate', id: 'c', image: 'i', labels: { a: 'b' }, snapshotKey: 's' }).value))
            .to.deep.equal([[1, 2], [2, 2], [3, 2], [4, 2]]);
    });
    it('Envelope {timestamp=1, namespace=2, topic=3, event=4}', () => {
        const c = codec('containerd.types.Envelope');
        expect(first(c.encode({ topic: '/x' }))).to.equal(0x1a); // topic = 3, bytes
        expect(tags(Events.subscribe.response.encode({ timestamp: ts, namespace: 'n', topic: '/t', event: any })))
            .to.deep.equal([[1, 2], [2, 2], [3, 2], [4, 2]]);
        expect(tags(Events.publish.request.encode({ topic: '/t', event: any }))).to.deep.equal([[1, 2], [2, 2]]);
        expect(tags(Events.subscribe.request.encode({ filters: ['a', 'b'] }))).to.deep.equal([[1, 2], [1, 2]]);
    });
    it('Any {type_url=1, value=2}', () => {
        expect(tags(codec('google.protobuf.Any').encode(any))).to.deep.equal([[1, 2], [2, 2]]);
        expect(tags(firstField(Events.publish.request.encode({ event: any })))).to.deep.equal([[1, 2], [2, 2]]);
    });
    it('tasks requests', () => {
        expect(tags(Tasks.create.request.encode({
            containerId: 'c', rootfs: [{ type: 'bind', source: 's' }], stdin: 'i', stdout: 'o', stderr: 'e', terminal: true, options: any,
        }))).to.deep.equal([[1, 2], [3, 2], [4, 2], [5, 2], [6, 2], [7, 0], [9, 2]]);
        expect(tags(Tasks.exec.request.encode({
            containerId: 'c', stdin: 'i', stdout: 'o', stderr: 'e', terminal: true, spec: any, execId: 'x',
        }))).to.deep.equal([[1, 2], [2, 2], [3, 2], [4, 2], [5, 0], [6, 2], [7, 2]]);
        expect(tags(Tasks.kill.request.encode({ containerId: 'c', execId: 'x', signal: 9, all: true })))
            .to.deep.equal([[1, 2], [2, 2], [3, 0], [4, 0]]);
        expect(tags(Tasks.resizePty.request.encode({ containerId: 'c', execId: 'x', width: 80, height: 24 })))
            .to.deep.equal([[1, 2], [2, 2], [3, 0], [4, 0]]);
        expect(tags(Tasks.closeIO.request.encode({ containerId: 'c', execId: 'x', stdin: true })))
            .to.deep.equal([[1, 2], [2, 2], [3, 0]]);
        expect(tags(Tasks.update.request.encode({ containerId: 'c', resources: any, annotations: { a: 'b' } })))
            .to.deep.equal([[1, 2], [2, 2], [3, 2]]);
    });
    it('tasks responses', () => {
        expect(tags(Tasks.delete.response.encode({ id: 'i', pid: 1, exitStatus: 2, exitedAt: ts })))
            .to.deep.equal([[1, 2], [2, 0], [3, 0], [4, 2]]);
        expect(tags(Tasks.wait.response.encode({ exitStatus: 2, exitedAt: ts }))).to.deep.equal([[1, 0], [2, 2]]);
        expect(tags(Tasks.create.response.encode({ containerId: 'c', pid: 1 }))).to.deep.equal([[1, 2], [2, 0]]);
        expect(tags(Tasks.start.response.encode({ pid: 1 }))).to.deep.equal([[1, 0]]);
        expect(first(Tasks.list.response.encode({ tasks: [] }))).to.equal(undefined);
        const process = codec('containerd.v1.types.Process').encode({
            containerId: 'c', id: 'i', pid: 1, status: 'RUNNING', stdin: 'a', stdout: 'b', stderr: 'c', terminal: true,
            exitStatus: 3, exitedAt: ts,
        });
        expect(tags(process)).to.deep.equal([[1, 2], [2, 2], [3, 0], [4, 0], [5, 2], [6, 2], [7, 2], [8, 0], [9, 0], [10, 2]]);
        expect(process.includes(0x20) && process[process.indexOf(0x20) + 1]).to.equal(2); // status RUNNING = 2
    });
    it('containers', () => {
        const container = Containers.create.request.encode({
            container: {
                id: 'c', labels: { a: 'b' }, image: 'i', runtime: { name: 'r' }, spec: any, snapshotter: 's', snapshotKey: 'k',
                extensions: { e: any },
            },
        });
        expect(tags(firstField(container))).to.deep.equal([[1, 2], [2, 2], [3, 2], [4, 2], [5, 2], [6, 2], [7, 2], [10, 2]]);
    });
});
describe('proto/services', () => {
    it('builds gRPC paths and stream flags', () => {
        expect(Tasks.create.path).to.equal('/containerd.services.tasks.v1.Tasks/Create');
        expect(Tasks.deleteProcess.path).to.equal('/containerd.services.tasks.v1.Tasks/DeleteProcess');
        expect(Tasks.closeIO.path).to.equal('/containerd.services.tasks.v1.Tasks/CloseIO');
        expect(Containers.list.path).to.equal('/containerd.services.containers.v1.Containers/List');
        expect(Version.version.path).to.equal('/containerd.services.version.v1.Version/Version');
        expect(Namespaces.delete.path).to.equal('/containerd.services.namespaces.v1.Namespaces/Delete');
        expect(Events.subscribe.path).to.equal('/containerd.services.events.v1.Events/Subscribe');
        expect(Events.subscribe.responseStream).to.equal(true);
        for (const m of [...Object.values(Tasks), ...Object.values(Containers), Events.publish, Events.forward]) {
            expect(m.responseStream, m.path).to.equal(false);
            expect(m.requestStream, m.path).to.equal(false);
        }
    });
});
//# sourceMappingURL=codec.spec.js.map