/** Spec support: the fixture image loaded into a namespace (see src/testing/image-load.ts). */
import type { CallPort } from '../../src/client/call-port.js';
import type { Image } from '../../src/images/image.js';
import type { FixtureImage } from '../../src/testing/image-builder.js';
import { loadFixtureImage } from '../../src/testing/image-load.js';

/** `image`'s blobs into the content store of `port`'s namespace and its record as `name`; resolves the image. */
export function loadLayout(port: CallPort, image: FixtureImage, name: string = image.names[0]!): Promise<Image> {
  return loadFixtureImage(port, image, [name]);
}
