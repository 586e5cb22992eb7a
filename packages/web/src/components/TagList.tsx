/** A read-only list of tags, or "none" when there are none (clickable filter chips live in the models list). */
export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="tag-list">
      {tags.map((tag) => (
        <li key={tag} className="chip static">
          {tag}
        </li>
      ))}
    </ul>
  );
}
