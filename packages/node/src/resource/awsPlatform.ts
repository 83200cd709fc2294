import { readFileSync } from 'node:fs';

/** ECS sets these in every task; without them the ECS detector has nothing to ask. */
export function isEcs(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.ECS_CONTAINER_METADATA_URI_V4 || env.ECS_CONTAINER_METADATA_URI);
}

// Nitro and Xen EC2 instances identify themselves in DMI/hypervisor files; reading them costs
// microseconds, whereas probing the metadata service off AWS costs the detector's 5 s timeout.
const EC2_MARKERS: ReadonlyArray<[path: string, test: (value: string) => boolean]> = [
  ['/sys/devices/virtual/dmi/id/board_asset_tag', (v) => v.startsWith('i-')],
  ['/sys/devices/virtual/dmi/id/sys_vendor', (v) => v.includes('Amazon EC2')],
  ['/sys/hypervisor/uuid', (v) => v.toLowerCase().startsWith('ec2')],
];

export function isProbablyEc2(): boolean {
  if (process.platform !== 'linux') return false;
  return EC2_MARKERS.some(([path, test]) => {
    try {
      return test(readFileSync(path, 'utf8').trim());
    } catch {
      return false;
    }
  });
}
