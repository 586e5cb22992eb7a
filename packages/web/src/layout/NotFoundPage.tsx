import { Link } from 'react-router';
import { EmptyState } from '../components/States';

export function NotFoundPage() {
  return (
    <EmptyState title="Page not found">
      <p>
        Nothing lives at this address. <Link to="/">Go home</Link>.
      </p>
    </EmptyState>
  );
}
