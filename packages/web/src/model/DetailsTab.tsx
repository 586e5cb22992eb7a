import { Link } from 'react-router';
import { useContextAccess } from '../auth/context-access';
import { EmptyState } from '../components/States';
import { FormatsSection } from './FormatsSection';
import { GeneralSection } from './GeneralSection';
import { useModelView } from './model-context';
import { VersionDetailsSection } from './VersionDetailsSection';

/** General, Version Details and Version Formats of the selected version. */
export function DetailsTab() {
  const view = useModelView();
  const { can } = useContextAccess();
  return (
    <div className="details-tab">
      <GeneralSection view={view} />
      {view.selected !== undefined ? (
        <>
          <VersionDetailsSection view={view} version={view.selected} />
          <FormatsSection view={view} version={view.selected} />
        </>
      ) : view.requestedNumber !== undefined ? (
        <EmptyState title={`There is no version ${view.requestedNumber}`}>
          <p>
            It may have been deleted (version numbers are never reused). <Link to={view.base}>Show the latest version</Link>.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="No versions yet">
          <p>A version holds the trained model's files and the settings it was trained with.</p>
          {can('model:create') && (
            <Link className="btn primary" to={`${view.base}/new-version`}>
              Create the first version
            </Link>
          )}
        </EmptyState>
      )}
    </div>
  );
}
