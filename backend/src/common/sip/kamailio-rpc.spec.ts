import { contactAddresses } from './kamailio-rpc';

describe('reading ul.lookup', () => {
  it('should list the contact URIs of an AOR as Kamailio 5.6 answers them', () => {
    const answer = {
      AoR: '1001',
      Contacts: [
        { Contact: { Address: 'sip:a@10.0.0.1:5060;transport=udp', Expires: 300, Q: 1 } },
        { Contact: { Address: 'sip:x@y.invalid;transport=ws', Expires: 120 } },
      ],
    };
    expect(contactAddresses(answer)).toEqual(['sip:a@10.0.0.1:5060;transport=udp', 'sip:x@y.invalid;transport=ws']);
  });

  it('should read an answer it does not understand as no contacts rather than throw', () => {
    for (const odd of [null, 'x', {}, { Contacts: 'no' }, { Contacts: [{ Contact: {} }] }]) expect(contactAddresses(odd)).toEqual([]);
  });
});
