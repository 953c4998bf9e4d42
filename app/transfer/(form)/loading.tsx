// Every data-loading page shows the same skeleton.
export { PageSkeleton as default } from "../../components/page-skeleton";
