// A process that imports an archive with a lease of 1 s and tells its parent once bytes are being written, so
// that the parent can SIGKILL it mid-import (spec: import.daemon.spec.ts).
import { connect } from '../../src/process/client.js';
import { ImageClient } from '../../src/images/image-client.js';

const [address, namespace, archive] = process.argv.slice(2) as [string, string, string];
const client = connect({ address, namespace });
let told = false;
new ImageClient(client.conn).importImage$(archive, { leaseExpireMs: 1_000 }).subscribe((p) => {
  if (!told && p.phase === 'blob' && p.state === 'writing' && p.offset > 0) {
    told = true;
    process.send?.('writing');
  }
});
