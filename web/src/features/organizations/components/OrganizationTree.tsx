import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Skeleton, Tree, type TreeDataNode, type TreeProps } from "antd";
import { type Key, useCallback, useEffect, useMemo, useState } from "react";
import type { OrganizationSummary } from "../../../api/types";
import { organizationChildrenQuery, organizationQuery } from "../api/organization-queries";

interface OrganizationTreeProps {
  /** The user's scope root: the top of the tree. */
  rootId: number;
  selectedId: number;
  /** Ids from the root down to the selected organization's parent, expanded so it shows. */
  pathIds: readonly number[];
  onSelect: (id: number) => void;
}

function dataOfEach<T>(results: { data: T | undefined }[]): (T | undefined)[] {
  return results.map((result) => result.data);
}

/**
 * The organization tree from the scope root, loading each node's children on expand
 * (GET /organizations/{id}/children). Loaded lists live in the query cache, so a write that
 * invalidates them refreshes the tree in place.
 */
export function OrganizationTree({ rootId, selectedId, pathIds, onSelect }: OrganizationTreeProps) {
  const queryClient = useQueryClient();
  const root = useQuery(organizationQuery(rootId));
  const [loadedIds, setLoadedIds] = useState<number[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([rootId]);

  // A deep link (/orgs/456/…) opens the tree down to the organization: every id on its path is
  // expanded and its children loaded here, not left to the Tree, which loads only on a click.
  useEffect(() => {
    const addMissing = <T,>(list: T[], wanted: readonly T[]) => {
      const missing = wanted.filter((id) => !list.includes(id));
      return missing.length === 0 ? list : [...list, ...missing];
    };
    setExpandedKeys((keys) => addMissing(keys, pathIds));
    setLoadedIds((ids) => addMissing(ids, [rootId, ...pathIds.filter((id) => id !== selectedId)]));
  }, [pathIds, rootId, selectedId]);

  const childLists = useQueries({
    queries: loadedIds.map((id) => organizationChildrenQuery(id)),
    combine: dataOfEach,
  });

  const treeData = useMemo<TreeDataNode[]>(() => {
    if (!root.data) return [];
    const childrenOf = new Map<number, OrganizationSummary[]>();
    loadedIds.forEach((id, index) => {
      const list = childLists[index];
      if (list) childrenOf.set(id, list);
    });
    const toNode = (organization: OrganizationSummary): TreeDataNode => {
      const children = childrenOf.get(organization.id);
      return {
        key: organization.id,
        title: organization.name,
        isLeaf: organization.childCount === 0,
        children: children?.map(toNode),
      };
    };
    return [toNode(root.data)];
  }, [root.data, loadedIds, childLists]);

  const loadData = useCallback<NonNullable<TreeProps["loadData"]>>(
    async (node) => {
      const id = Number(node.key);
      await queryClient.fetchQuery(organizationChildrenQuery(id));
      setLoadedIds((ids) => (ids.includes(id) ? ids : [...ids, id]));
    },
    [queryClient],
  );

  // On its first render the Tree keeps only the expanded keys it can find (defaultExpandParent), so
  // it mounts once the root is there, and defaultExpandParent is off: a deep link's path may arrive
  // before the root's children, and a key dropped then never came back (the CI failure of stop 29).
  if (!root.data) return <Skeleton active paragraph={{ rows: 4 }} title={false} />;

  return (
    <div data-testid="org-tree">
      <Tree
        blockNode
        showLine
        defaultExpandParent={false}
        treeData={treeData}
        loadData={loadData}
        loadedKeys={loadedIds.filter((_id, index) => childLists[index] !== undefined)}
        expandedKeys={expandedKeys}
        onExpand={(keys) => setExpandedKeys(keys)}
        selectedKeys={[selectedId]}
        onSelect={(_keys, info) => onSelect(Number(info.node.key))}
      />
    </div>
  );
}
