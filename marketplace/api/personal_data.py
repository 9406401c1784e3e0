"""A person's own data over the API: `GET /me/export/` and `POST /me/erase/` (D142)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.permissions import acting_user
from marketplace.services.personal_data import personal_data_erase, personal_data_export

_LIST = serializers.ListField(child=serializers.DictField(), required=False)


class EraseSerializer(serializers.Serializer):
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, help_text="The account's password, again."
    )


class MyDataExportView(APIView):
    """A copy of everything the exchange keeps about me, as one JSON file."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_export",
        responses={
            200: inline_serializer(
                "PersonalDataExport",
                {
                    "exported_at": serializers.DateTimeField(),
                    "account": serializers.DictField(),
                    "orders": _LIST,
                    "addresses": _LIST,
                    "inquiries": _LIST,
                    "tickets": _LIST,
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        response = Response(personal_data_export(acting_user(request)))
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response


class MyDataEraseView(APIView):
    """Erase my data: the account is closed and anonymised; orders keep what accounting needs
    with my name, phone and address anonymised. Needs the password; 409 while an order is on
    its way or while I own a storefront."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_erase", request=EraseSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        user = acting_user(request)
        body = EraseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        personal_data_erase(user=user, password=body.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)
