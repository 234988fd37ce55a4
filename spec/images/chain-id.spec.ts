import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { chainId, chainIds } from '../../src/images/chain-id.js';

const sha = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

// diff ids of three layers whose tars are the bytes "a", "b" and "c"; the chain ids below were computed with
// coreutils' sha256sum over `printf '%s %s' parent diff`, not with the code under test
const A = 'sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb';
const B = 'sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d';
const C = 'sha256:2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6';
const AB = 'sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676';
const ABC = 'sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106';

describe('images/chain-id: chain ids from diff ids (OCI image spec)', () => {
  it('the chain id of the bottom layer is its diff id', () => {
    expect(chainIds([A])).to.deep.equal([A]);
  });

  it('each next chain id is sha256 of the parent chain id, a space and the diff id (known vectors)', () => {
    expect(chainIds([A, B, C])).to.deep.equal([A, AB, ABC]);
  });

  it('agrees with the formula written out for a stack of five layers', () => {
    const diffIds = ['1', '2', '3', '4', '5'].map(sha);
    let parent = diffIds[0]!;
    const expected = [parent];
    for (const d of diffIds.slice(1)) expected.push((parent = sha(`${parent} ${d}`)));
    expect(chainIds(diffIds)).to.deep.equal(expected);
  });

  it('chainId is the top layer\'s chain id, undefined for no layers', () => {
    expect(chainId([A, B, C])).to.equal(ABC);
    expect(chainId([])).to.equal(undefined);
    expect(chainIds([])).to.deep.equal([]);
  });
});
