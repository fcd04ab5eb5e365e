import { customType } from 'drizzle-orm/pg-core';

/** Raw bytes (evidence files, files waiting to be imported); drizzle's pg-core has no bytea column type. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});
