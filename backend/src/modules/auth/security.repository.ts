import { Injectable } from '@nestjs/common';
import type { SipBlock } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Reads the SIP blocks Kamailio writes (migration 080); Callboard never writes them. */
@Injectable()
export class SecurityRepository {
  constructor(private readonly tx: Transactions) {}

  activeSipBlocks(): Promise<SipBlock[]> {
    return this.tx.db().rows<SipBlock>(
      `SELECT address, username, scope, failures, ${ISO('blocked_at')} AS "blockedAt", ${ISO('blocked_until')} AS "blockedUntil"
         FROM sip_auth_blocks WHERE blocked_until > now() ORDER BY blocked_until DESC LIMIT 500`,
    );
  }
}
