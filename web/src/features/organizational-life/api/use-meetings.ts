import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  calendarQuery,
  createMeeting,
  type MeetingCreateBody,
  meetingQuery,
  openSignin,
  ownMeetingsQuery,
  rollQuery,
  signIn,
  silentBranchesQuery,
} from "./meeting-queries";

export function useMeetingCalendar(organizationId: number, month: string, enabled = true) {
  return useQuery({ ...calendarQuery(organizationId, month), enabled });
}

/** How often an open QR sign-in's meeting is read again (ms), so attendees signing in on their phones show up. */
export const SIGNIN_REFRESH_MS = 5_000;

/** The meeting's refetch interval: {@link SIGNIN_REFRESH_MS} while its sign-in is open, else none. */
export function meetingRefetchInterval(
  meeting: { signin: { open: boolean } | null } | undefined,
): number | false {
  return meeting?.signin?.open ? SIGNIN_REFRESH_MS : false;
}

/** One meeting; read again every few seconds while its QR sign-in is open (the secretary's screen follows). */
export function useMeeting(meetingId: number | undefined) {
  return useQuery({
    ...meetingQuery(meetingId ?? 0),
    enabled: meetingId !== undefined,
    refetchInterval: (query) => meetingRefetchInterval(query.state.data),
  });
}

export function useSilentBranches(organizationId: number, weeks: number, enabled: boolean) {
  return useQuery({ ...silentBranchesQuery(organizationId, weeks), enabled });
}

export function useBranchRoll(organizationId: number, enabled = true) {
  return useQuery({ ...rollQuery(organizationId), enabled });
}

export function useOwnMeetings() {
  return useQuery(ownMeetingsQuery);
}

export function useCreateMeeting(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: MeetingCreateBody) => createMeeting(organizationId, body),
    onSuccess: () => invalidateEntity({ entity: "meeting" }),
  });
}

export function useOpenSignin(meetingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => openSignin(meetingId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingQuery(meetingId).queryKey }),
  });
}

export function useSignIn() {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (token: string) => signIn(token),
    onSuccess: () => invalidateEntity({ entity: "meeting" }),
  });
}
