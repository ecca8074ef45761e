import { amount } from '@store/money';

export default function Page() {
  return <p>hello from nx store {amount(1999)}</p>;
}
