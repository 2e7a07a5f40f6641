import { createPgMarker, type Marker } from './marker';
import { createPgNotifySql, type NotifySql } from './sql';

/**
 * The worker's own database connections for notify: the marking connections (an email's transmission
 * recorded in the instant it completes) and the pool its per-message statements run on. Without
 * them (tests, tools) notify goes through Prisma.
 */
export interface NotifyConnections {
  marker: Marker;
  sql: NotifySql;
  close(): Promise<void>;
}

export function createNotifyConnections(databaseUrl: string): NotifyConnections {
  const marker = createPgMarker(databaseUrl);
  const sql = createPgNotifySql(databaseUrl);
  return {
    marker,
    sql,
    close: async () => {
      await Promise.all([marker.close(), sql.close()]);
    },
  };
}
