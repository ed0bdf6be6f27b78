/**
 * The other party of a call: the name the phone network gave (any script, user data), else the
 * number; isolated so that neither reorders the text around it in a right-to-left page.
 */
export function RemoteParty({ name, number }: { name: string | null; number: string }) {
  return name ? (
    <bdi data-user-content>{name}</bdi>
  ) : (
    <bdi dir="ltr" data-user-content>
      {number}
    </bdi>
  );
}
