import { randomBytes } from 'node:crypto';
import { bdecode, bencode, type NgReply } from '../softphone/rtpengine';
import { udpRequest, type Lan } from './lan';

/** rtpengine's ng control port on a machine's loopback, for queryLegs({ ng }). */
export function ngOn(lan: Lan, host: string, port: number): (message: Record<string, unknown>) => Promise<NgReply> {
  return async (message) => {
    const cookie = randomBytes(6).toString('hex');
    const reply = await udpRequest(lan, host, port, Buffer.from(`${cookie} ${bencode(message)}`));
    const sp = reply.indexOf(0x20);
    if (reply.subarray(0, sp).toString() !== cookie) throw new Error('ng: reply to another request');
    return bdecode(reply.subarray(sp + 1)) as NgReply;
  };
}
